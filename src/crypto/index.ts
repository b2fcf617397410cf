/**
 * crypto/ is a leaf: ciphers, the keyring and the blind index, with no knowledge of claims or
 * entities. Sealing a claim or an entity label lives beside its owner (claims/claim.seal.ts,
 * entities/entity.seal.ts); re-sealing everything under a new key is key-rotation/.
 */
export { seal, openSealed, isSealed, sealedKeyId } from "./cipher.ts";
export { generateKey, keyringFromEnv, keyringFromFile, type Keyring, type KeyFile, type StoredKey } from "./keyring.ts";
export { loadKeyring, addPrimaryKey, keyFilePath, type KeySource } from "./key-file.ts";
export { installKeyring, activeKeyring, hasKeyring } from "./registry.ts";
export { queryTermMacs, sealedTermMacs } from "./blind-index.ts";
export { integrityTag, checkIntegrityTag } from "./integrity-tag.ts";
export { primaryKeyedMac } from "./derived-key.ts";
