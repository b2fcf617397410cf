/**
 * Common spelling variants that the phonetic key alone does not unite (a vowel the key keeps, a
 * nickname, an Arabic "th"). Keys are normalized Latin tokens; values are the canonical spelling.
 * A Map, not an object: tokens are whatever a list or a visitor typed, and a plain object would
 * answer "constructor" or "__proto__" from Object.prototype (issue 13).
 */
const VARIANTS: ReadonlyMap<string, string> = new Map(Object.entries({
  // Mohammad: the key already unites Mohammed/Muhammad/Mohamad; these drop a consonant.
  mamad: "mohammad", mammad: "mohammad", mohd: "mohammad", muhd: "mohammad", mhd: "mohammad", mohamed: "mohammad",
  // Hossein/Hassan: Husain/Hussain/Husayn are united by the key; Hosain and Hossain need no entry.
  hussian: "hossein",
  riza: "reza", rida: "reza", ridha: "reza",
  othman: "osman", uthman: "osman", usman: "osman",
  abulfazl: "abolfazl", abulfadl: "abolfazl", abolfadl: "abolfazl",
  zahraa: "zahra", zara: "zahra",
  mahdi: "mehdi",
  yusuf: "yousef", yusef: "yousef", youssef: "yousef",
  ibrahim: "ebrahim",
  jafar: "jafar", jaafar: "jafar",
  fatima: "fatemeh", fatemah: "fatemeh",
  khadija: "khadijeh", khadijah: "khadijeh",
  zeinab: "zeinab", zainab: "zeinab", zaynab: "zeinab",
  ruhollah: "rouhollah", ruhallah: "rouhollah",
  ayatollah: "ayatollah",
  ahmed: "ahmad",
  mustafa: "mostafa", moustafa: "mostafa",
  murtaza: "morteza", murtada: "morteza", mortaza: "morteza",
  mojtaba: "mojtaba", mujtaba: "mojtaba",
  kazim: "kazem", kadhim: "kazem", kazhim: "kazem",
  sadiq: "sadegh", sadeq: "sadegh",
  qasim: "ghasem", qassim: "ghasem", gasim: "ghasem",
  baqir: "bagher", baqer: "bagher",
  taqi: "taghi", naqi: "naghi",
  akbar: "akbar", asgar: "asghar",
}));

/** Returns the canonical spelling of a normalized Latin name token (itself when not in the table). */
export function canonicalVariant(token: string): string {
  return VARIANTS.get(token) ?? token;
}
