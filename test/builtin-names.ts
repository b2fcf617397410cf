/**
 * JavaScript's built-in property names as user text (issue 13). A table kept in a plain object
 * answers "constructor", "__proto__" or "toString" from Object.prototype instead of saying "not
 * here", so every name a visitor, an editor or a list can write must also be tried as one of these.
 * The list is built from the prototypes themselves, so it follows the Node version under test.
 */
import fc from "fast-check";

const PROTOTYPES: readonly object[] = [Object.prototype, Function.prototype, Array.prototype, String.prototype];

/** Every own property name of the built-in prototypes above, plus the usual suspects, sorted. */
export const BUILTIN_NAMES: readonly string[] = [
  ...new Set([
    ...PROTOTYPES.flatMap((p) => Object.getOwnPropertyNames(p)),
    "__proto__",
    "constructor",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "__defineGetter__",
    "prototype",
  ]),
].sort();

/** The names Object.prototype itself has: what any plain-object lookup would wrongly find. */
export const OBJECT_PROTOTYPE_NAMES: readonly string[] = [...new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"])].sort();

/** Fictional name parts, Persian and Latin, including a title and a surname suffix that join. */
const PARTS = ["Reza", "Ahmadi", "Mohammad", "Seyed", "Mahmoud", "zadeh", "حسین", "رضایی", "پور", "سید"];

/** A built-in name as someone might type it: as is, lowercase, uppercase or capitalized. */
export const builtinName: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...BUILTIN_NAMES), fc.constantFrom("as-is", "lower", "upper", "capital"))
  .map(([name, spelling]) =>
    spelling === "lower"
      ? name.toLowerCase()
      : spelling === "upper"
        ? name.toUpperCase()
        : spelling === "capital"
          ? name.charAt(0).toUpperCase() + name.slice(1)
          : name,
  );

/** A personal name with a built-in name among its parts ("Reza constructor", "__proto__ Ahmadi"). */
export const nameWithBuiltin: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.constantFrom(...PARTS), { maxLength: 2 }),
    builtinName,
    fc.array(fc.constantFrom(...PARTS), { maxLength: 2 }),
    fc.constantFrom(" ", " ", "-", "\u200c"),
  )
  .map(([before, name, after, sep]) => [...before, name, ...after].join(sep));

/** For each built-in name, the name alone and inside a Latin and a Persian-script name. */
export function namesHolding(name: string): string[] {
  return [name, `Reza ${name}`, `${name} Ahmadi`, `حسین ${name}`];
}

/** Text that shows a function or object leaked out of a lookup table into a result. */
export const LEAKED = /\[native code\]|\[object Object\]|function \w*\(/;
