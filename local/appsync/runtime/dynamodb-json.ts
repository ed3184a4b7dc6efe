import { convertToAttr, marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** `util.dynamodb.*`: plain values → DynamoDB JSON, the way AppSync's helpers write it. */
const options = { removeUndefinedValues: true, convertClassInstanceToMap: true } as const;

export const toDynamoDB = (value: unknown): AttributeValue => convertToAttr(value, options);
export const toMapValues = (value: Record<string, unknown>): Record<string, AttributeValue> => marshall(value, options);
export const fromMapValues = (item: Record<string, AttributeValue>): Record<string, unknown> =>
  unmarshall(item, { wrapNumbers: false }) as Record<string, unknown>;

export function dynamodbUtil() {
  return {
    toDynamoDB,
    toMapValues,
    toString: (v: string) => ({ S: v }),
    toStringSet: (v: string[]) => ({ SS: v }),
    toNumber: (v: number) => ({ N: String(v) }),
    toNumberSet: (v: number[]) => ({ NS: v.map(String) }),
    toBinary: (v: string) => ({ B: v }),
    toBinarySet: (v: string[]) => ({ BS: v }),
    toBoolean: (v: boolean) => ({ BOOL: v }),
    toNull: () => ({ NULL: true }),
    toList: (v: unknown[]) => ({ L: v.map((x) => toDynamoDB(x)) }),
    toMap: (v: Record<string, unknown>) => ({ M: toMapValues(v) }),
    toS3Object: (key: string, bucket: string, region: string, version?: string) => ({
      S: JSON.stringify({ s3: { key, bucket, region, ...(version ? { version } : {}) } }),
    }),
    fromS3ObjectJson: (s: string) => JSON.parse(s).s3,
  };
}
