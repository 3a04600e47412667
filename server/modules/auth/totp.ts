import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

export function newTotpSecret(): string {
  return generateSecret();
}

export async function totpSetup(secret: string, label: string) {
  const otpauthUri = generateURI({ issuer: 'Khiên', label, secret });
  const qrDataUrl = await QRCode.toDataURL(otpauthUri, { margin: 1, width: 220 });
  return { secret, otpauthUri, qrDataUrl };
}

/** Accepts the current 30-second code and its immediate neighbours (clock drift). */
export async function checkTotp(secret: string, code: string): Promise<boolean> {
  try {
    const r = await verify({ secret, token: code, epochTolerance: 30 });
    return r.valid;
  } catch {
    return false;
  }
}
