/**
 * The 18-character citizen identity number (公民身份号码, GB 11643-1999): six digits of region, the
 * birth date as YYYYMMDD, three digits of sequence and a check character computed over the first 17
 * (ISO 7064 MOD 11-2; X stands for 10). A number that fails here was mistyped or invented.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** Why the number is not a valid identity number (Chinese), or undefined when it is. */
export function idNumberProblem(value: string): string | undefined {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码应为18位，前17位为数字，末位为数字或X';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return '身份证号码中的出生日期无效';
  }
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  if (CHECK_CHARACTERS[sum % 11] !== id[17]) return '身份证号码校验位不正确，请核对';
  return undefined;
}

/** Shown in place of the number wherever it is displayed: the last four characters only. */
export function maskIdNumber(value: string): string {
  const id = value.trim();
  return `${'*'.repeat(Math.max(0, id.length - 4))}${id.slice(-4)}`;
}
