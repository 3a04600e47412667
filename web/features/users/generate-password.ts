/** No 0/O, 1/l/I: the password is often read out over the phone or copied from paper. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random initial password (≥ 10 characters as NewPassword requires), made in the browser. */
export function generatePassword(length = 14): string {
  const bytes = new Uint32Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (n) => ALPHABET[n % ALPHABET.length] ?? 'x').join('');
}
