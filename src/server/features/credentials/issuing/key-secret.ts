// Moved to the platform, where single sign-on's client secrets are encrypted the same way.
export {
  decryptSecret,
  deriveEncryptionKey,
  encryptSecret,
  loadKeySecret,
} from '#server/platform/secret-box.ts';
