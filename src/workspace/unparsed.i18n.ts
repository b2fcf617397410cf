/**
 * Interface strings of the queue of list cells Sabt could not read (`/team/{lang}/unparsed`) and of
 * the import page's choice to keep them, in English and Persian.
 */
import type { Lang } from "../i18n/index.ts";

const en = {
  title: "Unread list cells",
  intro:
    "Cells of imported lists that Sabt could not read (an impossible age, a year whose calendar cannot be told), kept as text for the team. They are never public. Type the value as it should be read to add it as a claim citing the list, or dismiss the cell.",
  queueLink: "Unread cells of imported lists",
  empty: "No cell is waiting.",
  allLists: "All lists",
  list: "List",
  row: "Row",
  record: "Record",
  person: "Person",
  column: "Column",
  rawText: "As written in the list",
  message: "Why Sabt could not read it",
  value: "Value as it should be read",
  visibility: "Who may see the value",
  public: "public",
  team: "team",
  confidential: "confidential",
  resolve: "Add the value",
  reason: "Reason (optional)",
  dismiss: "Dismiss",
  resolved: "The value was added as a claim citing the list; the cell left the queue.",
  resolvedPending: "The value was added and waits for a second member's review before it is public; the cell left the queue.",
  dismissed: "The cell was dismissed and left the queue.",
  total: "Cells waiting",
  previous: "Previous page",
  next: "Next page",
  keepUnparsed: "Keep cells Sabt cannot read as text for the team to resolve (never public), and import the rest",
  keptCells: "Cells kept as text, to resolve in the queue",
  keepableHint: "Some of these are cells Sabt cannot read: tick “keep cells Sabt cannot read” to import the rest and resolve those later.",
};

const fa: typeof en = {
  title: "خانه‌های خوانده‌نشدهٔ فهرست‌ها",
  intro:
    "خانه‌هایی از فهرست‌های واردشده که سبت نتوانست بخواند (سنی ناممکن، سالی که تقویمش معلوم نیست) و برای تیم به‌صورت متن نگه داشته شده‌اند. این خانه‌ها هرگز عمومی نمی‌شوند. مقدار درست را بنویسید تا به‌صورت ادعایی با ارجاع به فهرست افزوده شود، یا خانه را کنار بگذارید.",
  queueLink: "خانه‌های خوانده‌نشدهٔ فهرست‌های واردشده",
  empty: "هیچ خانه‌ای در انتظار نیست.",
  allLists: "همهٔ فهرست‌ها",
  list: "فهرست",
  row: "ردیف",
  record: "رکورد",
  person: "شخص",
  column: "ستون",
  rawText: "آن‌گونه که در فهرست آمده",
  message: "چرا سبت نتوانست آن را بخواند",
  value: "مقدار آن‌گونه که باید خوانده شود",
  visibility: "چه کسانی مقدار را ببینند",
  public: "عمومی",
  team: "تیم",
  confidential: "محرمانه",
  resolve: "افزودن مقدار",
  reason: "دلیل (اختیاری)",
  dismiss: "کنار گذاشتن",
  resolved: "مقدار به‌صورت ادعایی با ارجاع به فهرست افزوده شد و خانه از صف بیرون رفت.",
  resolvedPending: "مقدار افزوده شد و پیش از عمومی شدن در انتظار بازبینی عضوی دیگر است؛ خانه از صف بیرون رفت.",
  dismissed: "خانه کنار گذاشته شد و از صف بیرون رفت.",
  total: "خانه‌های در انتظار",
  previous: "صفحهٔ قبل",
  next: "صفحهٔ بعد",
  keepUnparsed: "خانه‌هایی را که سبت نمی‌تواند بخواند به‌صورت متن برای تیم نگه دار (هرگز عمومی نمی‌شوند) و بقیه را وارد کن",
  keptCells: "خانه‌هایی که به‌صورت متن نگه داشته شدند و باید در صف حل شوند",
  keepableHint: "برخی از این‌ها خانه‌هایی‌اند که سبت نمی‌تواند بخواند: گزینهٔ «نگه‌داشتن خانه‌های خوانده‌نشده» را بزنید تا بقیه وارد شود و آن‌ها را بعداً حل کنید.",
};

/** The strings of the unread-cells queue in one language. */
export function unparsedText(lang: Lang): typeof en {
  return lang === "fa" ? fa : en;
}
