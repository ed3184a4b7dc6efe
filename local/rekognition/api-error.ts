/** An error answered the way Rekognition's JSON protocol answers it: HTTP status, `__type`, message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export const invalidParameter = (message: string) => new ApiError(400, 'InvalidParameterException', message);

/** A number in [min, max], or the default when absent; anything else is InvalidParameterException. */
export function numberParam(value: unknown, name: string, o: { min: number; max: number; integer?: boolean; fallback: number }): number {
  if (value === undefined || value === null) return o.fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < o.min || value > o.max || (o.integer && !Number.isInteger(value))) {
    throw invalidParameter(`${name} must be ${o.integer ? 'an integer' : 'a number'} from ${o.min} to ${o.max}`);
  }
  return value;
}

/** An array of strings, each one of `allowed` (when given). */
export function stringListParam<T extends string>(value: unknown, name: string, allowed?: readonly T[]): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalidParameter(`${name} must be a list of strings`);
  const unknown = allowed ? value.find((v) => !allowed.includes(v as T)) : undefined;
  if (unknown !== undefined) throw invalidParameter(`${name} has an unknown value ${JSON.stringify(unknown)}; expected one of ${allowed!.join(', ')}`);
  return value as T[];
}
