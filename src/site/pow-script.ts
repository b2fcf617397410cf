/**
 * The public form's proof-of-work script, as text served by Sabt (never inline; the CSP allows only
 * scripts from 'self'). Kept as a string, like the workspace's script, so the bundle carries it.
 */
export const SUBMIT_JS = String.raw`/*
 * Sabt's public form under load: the server asks for a small proof-of-work. On Send, this script
 * finds a number whose SHA-256 with the server's challenge starts with enough zero bits, puts it in
 * the form and sends it. It runs only on the form's page, is served by Sabt, and talks to no one.
 * SHA-256 is computed here, not with crypto.subtle, which some Tor setups (plain-HTTP onion
 * addresses in older browsers) do not offer.
 */
(function () {
  "use strict";
  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  var W = new Uint32Array(64);

  function rotr(x, n) {
    return (x >>> n) | (x << (32 - n));
  }

  // The first 32 bits of SHA-256 of an ASCII string are enough to count up to 32 leading zero bits.
  function firstWord(text) {
    var n = text.length;
    var total = ((n + 9 + 63) >> 6) << 6;
    var bytes = new Uint8Array(total);
    for (var i = 0; i < n; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    bytes[n] = 0x80;
    var bits = n * 8;
    bytes[total - 4] = (bits >>> 24) & 0xff;
    bytes[total - 3] = (bits >>> 16) & 0xff;
    bytes[total - 2] = (bits >>> 8) & 0xff;
    bytes[total - 1] = bits & 0xff;
    var h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a, h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    for (var off = 0; off < total; off += 64) {
      for (var t = 0; t < 16; t++) {
        var p = off + t * 4;
        W[t] = (bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3];
      }
      for (t = 16; t < 64; t++) {
        var s0 = rotr(W[t - 15], 7) ^ rotr(W[t - 15], 18) ^ (W[t - 15] >>> 3);
        var s1 = rotr(W[t - 2], 17) ^ rotr(W[t - 2], 19) ^ (W[t - 2] >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
      for (t = 0; t < 64; t++) {
        var S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        var ch = (e & f) ^ (~e & g);
        var t1 = (h + S1 + ch + K[t] + W[t]) | 0;
        var S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0;
      h1 = (h1 + b) | 0;
      h2 = (h2 + c) | 0;
      h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0;
      h5 = (h5 + f) | 0;
      h6 = (h6 + g) | 0;
      h7 = (h7 + h) | 0;
    }
    return h0 >>> 0;
  }

  var form = document.querySelector("form[data-pow]");
  if (!form) return;
  var challenge = form.querySelector("input[name=pow_challenge]");
  var nonce = form.querySelector("input[name=pow_nonce]");
  var status = form.querySelector("[data-pow-status]");
  if (!challenge || !nonce || !challenge.value) return;
  var need = Number(challenge.value.split(".")[1]);
  form.addEventListener("submit", function (ev) {
    if (nonce.value) return;
    ev.preventDefault();
    if (status) status.textContent = form.getAttribute("data-pow");
    var i = 0;
    var prefix = challenge.value + ":";
    function step() {
      for (var end = i + 5000; i < end; i++) {
        var w = firstWord(prefix + i);
        if (Math.clz32(w) >= need) {
          nonce.value = String(i);
          form.submit();
          return;
        }
      }
      setTimeout(step, 0);
    }
    step();
  });
})();
`;
