/**
 * sharp, loaded on first use rather than at import: it is a native module, and a function whose
 * package lacks the binary for its platform then loses thumbnails and photo details (the caller
 * logs it) instead of failing to start and labelling nothing.
 */
import type SharpType from 'sharp';

let loading: Promise<typeof SharpType> | undefined;

export function loadSharp(): Promise<typeof SharpType> {
  loading ??= import('sharp').then((m) => m.default);
  loading.catch(() => (loading = undefined));
  return loading;
}
