import { recordAudit } from "../audit/index.ts";
import type { Db } from "../db/index.ts";
import type { NewClaimRow } from "../db/index.ts";
import { writeSealedTerms, type SealedTermSource } from "../claims/index.ts";
import { authorize } from "../shared/policy.ts";
import type { Viewer } from "../shared/viewer.ts";
import { isSealed, openSealed, seal, sealedKeyId } from "../crypto/index.ts";
import { openClaimRow, sealNewClaimRow } from "../claims/index.ts";
import { activeKeyring } from "../crypto/index.ts";
import { openEntityRow, sealEntityLabel } from "../entities/index.ts";
import {
  findConfidentialClaimValues,
  findConfidentialEntityLabels,
  findTotpSecrets,
  updateClaimValueColumns,
  updateEntityLabelRaw,
  updateTotpSecretRaw,
} from "./rotation.repository.ts";

/** What a re-encryption pass did. */
export interface RotationReport {
  primaryKeyId: string;
  claimsResealed: number;
  entityLabelsResealed: number;
  totpSecretsResealed: number;
}

const PAGE = 500;

function sealedIdOf(value: unknown): string | undefined {
  const s = value && typeof value === "object" ? (value as { sealed?: unknown }).sealed : undefined;
  return isSealed(s) ? sealedKeyId(s) : undefined;
}

/**
 * Re-encrypts every confidential claim value, confidential entity label and TOTP secret that is not sealed with the primary
 * key (also sealing any confidential value stored before encryption existed). Runs in batches,
 * one short transaction each, so it can be interrupted and re-run. Revisions are append-only and
 * keep the key of their time: old keys must stay in the key file to read old history.
 */
export async function resealAll(db: Db, viewer: Viewer, onProgress?: (done: number) => void): Promise<RotationReport> {
  authorize(viewer, "admin");
  const keyring = activeKeyring();
  let after = "";
  let claims = 0;
  for (;;) {
    const page = await findConfidentialClaimValues(db, after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const stale = page.filter((r) => sealedIdOf(r.value) !== keyring.primaryId);
    await db.transaction().execute(async (trx) => {
      const terms: SealedTermSource[] = [];
      for (const r of stale) {
        const open = openClaimRow(r);
        terms.push({ claimId: r.id, searchKey: open.search_key, confidential: true });
        const sealed = sealNewClaimRow({ ...open, value: JSON.stringify(open.value) } as unknown as NewClaimRow);
        await updateClaimValueColumns(trx, r.id, {
          value: sealed.value,
          value_text: sealed.value_text,
          search_key: sealed.search_key ?? "",
          ref_id: sealed.ref_id ?? null,
          date_earliest: sealed.date_earliest ?? null,
          date_latest: sealed.date_latest ?? null,
          num_value: sealed.num_value ?? null,
        });
      }
      // The blind index follows the key that sealed the value (src/crypto/blind-index.ts).
      await writeSealedTerms(trx, terms, { replace: true });
    });
    claims += stale.length;
    onProgress?.(claims);
  }
  let labels = 0;
  await db.transaction().execute(async (trx) => {
    for (const e of await findConfidentialEntityLabels(trx)) {
      if (isSealed(e.label) && sealedKeyId(e.label) === keyring.primaryId) continue;
      await updateEntityLabelRaw(trx, e.id, sealEntityLabel(e.id, "confidential", openEntityRow(e).label));
      labels++;
    }
  });
  let totp = 0;
  await db.transaction().execute(async (trx) => {
    for (const u of await findTotpSecrets(trx)) {
      if (!u.totp_secret || sealedKeyId(u.totp_secret) === keyring.primaryId) continue;
      const aad = `totp:${u.id}`;
      await updateTotpSecretRaw(trx, u.id, seal(keyring, openSealed(keyring, u.totp_secret, aad), aad));
      totp++;
    }
    await recordAudit(trx, viewer, {
      action: "keys.rotate",
      objectType: "key",
      objectId: keyring.primaryId,
      details: { claimsResealed: claims, entityLabelsResealed: labels, totpSecretsResealed: totp },
    });
  });
  return { primaryKeyId: keyring.primaryId, claimsResealed: claims, entityLabelsResealed: labels, totpSecretsResealed: totp };
}
