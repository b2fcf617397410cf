/**
 * @internal Test fixture: a local RFC 3161 timestamp authority — a test CA and a TSA certificate
 * made with openssl in a directory, and an HTTP server on 127.0.0.1 answering each query with
 * `openssl ts -reply`.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** A running test TSA: its address, the CA that signs it (PEM file) and its PKI directory. */
export interface TestTsa {
  url: string;
  caFile: string;
  pki: string;
  close(): Promise<void>;
}

/** Makes the PKI under `pki` and starts the TSA; close it in `afterAll`. */
export async function startTestTsa(pki: string): Promise<TestTsa> {
  makePki(pki);
  const server = await startTsa(pki);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
    caFile: path.join(pki, "ca.crt"),
    pki,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Runs openssl in the PKI directory. */
export function openssl(args: string[], cwd: string): Buffer {
  return execFileSync("openssl", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
}

/** A test CA and a TSA certificate (critical timeStamping EKU), made with openssl in a temp dir. */
function makePki(root: string): void {
  const run = (args: string[]) => openssl(args, root);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(
    path.join(root, "tsa.ext"),
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n",
  );
  run([
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "30",
    "-subj",
    "/CN=Sabt Test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  run([
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "tsa.key",
    "-out",
    "tsa.csr",
    "-subj",
    "/CN=Sabt Test TSA",
  ]);
  run([
    "x509",
    "-req",
    "-in",
    "tsa.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "tsa.crt",
    "-days",
    "30",
    "-extfile",
    "tsa.ext",
  ]);
  fs.writeFileSync(path.join(root, "serial"), "01\n");
  fs.writeFileSync(
    path.join(root, "tsa.cnf"),
    `[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\ndir = ${root}\nserial = $dir/serial\ncrypto_device = builtin\nsigner_cert = $dir/tsa.crt\ncerts = $dir/ca.crt\nsigner_key = $dir/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\naccuracy = secs:1\nordering = yes\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n`,
  );
}

/** A TSA on 127.0.0.1 that answers each query with `openssl ts -reply`. */
function startTsa(pki: string): Promise<http.Server> {
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const q = path.join(pki, `q${++n}.tsq`);
      const r = path.join(pki, `r${n}.tsr`);
      fs.writeFileSync(q, Buffer.concat(chunks));
      try {
        openssl(["ts", "-reply", "-config", "tsa.cnf", "-queryfile", q, "-out", r], pki);
        res.writeHead(200, { "content-type": "application/timestamp-reply" }).end(fs.readFileSync(r));
      } catch {
        res.writeHead(500).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
