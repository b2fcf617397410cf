import { pendingTotpUri, requestSession } from "../auth/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { totpQrSvg } from "./totp-qr.ts";

/**
 * Registers `/team/{lang}/account/totp/qr.svg`: the QR code of the set-up the signed-in member has
 * started but not confirmed (also during a required enrolment). Served from Sabt's own origin,
 * never stored by a cache; once the set-up is confirmed it is gone.
 */
export function registerTotpQr(app: App, deps: AppDeps): void {
  app.get("/team/:lang{(?:fa|en)}/account/totp/qr.svg", async (c) => {
    const s = requestSession(c);
    const none = () => c.body("Not found", 404, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
    if (!s || s.session.stage === "second_factor") return none();
    const uri = await pendingTotpUri(deps.db, s.user.id);
    if (!uri) return none();
    return c.body(totpQrSvg(uri), 200, { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "no-store" });
  });
}
