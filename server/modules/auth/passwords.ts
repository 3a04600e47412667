import { hash, verify } from '@node-rs/argon2';

/** argon2id (the library's default algorithm) at OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1). */
const PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when the username is unknown, so that timing does not reveal which usernames exist. */
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('khien-timing-equaliser');
  await verifyPassword(await dummy, password);
}
