import qrcode from "qrcode-generator";

/**
 * The QR code of an otpauth URI as SVG, drawn by Sabt itself (no third-party QR service ever sees
 * the secret). Error correction M and a four-module quiet zone, which phone cameras read reliably;
 * the markup has no style attribute or script, so it stays inert under the strict CSP.
 */
export function totpQrSvg(uri: string): string {
  const q = qrcode(0, "M");
  q.addData(uri);
  q.make();
  return q.createSvgTag({ cellSize: 1, margin: 4, scalable: true });
}
