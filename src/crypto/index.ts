export { seal, openSealed, isSealed, sealedKeyId } from "./cipher.ts";
export { generateKey, keyringFromEnv, keyringFromFile, type Keyring, type KeyFile, type StoredKey } from "./keyring.ts";
export { loadKeyring, addPrimaryKey, keyFilePath, type KeySource } from "./key-file.ts";
export { installKeyring, activeKeyring, hasKeyring } from "./registry.ts";
export { sealNewClaimRow, openClaimRow, sealClaimUpdate, openClaimSnapshot, isSealedClaimValue } from "./claim-seal.ts";
export { resealAll, type RotationReport } from "./rotation.service.ts";
export { sealEntityLabel, openEntityRow, openEntitySnapshot } from "./entity-seal.ts";
export { queryTermMacs } from "./blind-index.ts";
