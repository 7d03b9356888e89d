// RFC 6962 (and RFC 9162 §2.1) Merkle tree hashing, proofs and their verification, over SHA-256:
// a leaf hashes as SHA-256(0x00 || data), a node as SHA-256(0x01 || left || right), and a tree
// of n leaves splits at the largest power of two below n. Pure functions: the sealer (seal.ts)
// stores the complete subtrees, the proofs (proofs.ts) read O(log n) of them, and an agency's
// offline verifier (src/cli/audit-verify.ts) recomputes roots from an export.
//
// Hand-written rather than a dependency: the maintained implementations (transparency-dev/merkle,
// sigstore) are Go and Rust; the few npm packages are unmaintained or not RFC 6962. It is tested
// against transparency-dev/merkle's published vectors (test/audit-merkle.test.ts).
import { createHash } from "node:crypto";

export type Hash = Buffer;

export const EMPTY_ROOT: Hash = createHash("sha256").digest();

export const leafHash = (data: Uint8Array): Hash => createHash("sha256").update(Buffer.of(0)).update(data).digest();
export const nodeHash = (left: Uint8Array, right: Uint8Array): Hash => createHash("sha256").update(Buffer.of(1)).update(left).update(right).digest();

/** The largest power of two smaller than n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A complete subtree: `level` 0 is a leaf; it covers leaves [index·2^level, (index+1)·2^level). */
export interface NodeId {
  level: number;
  index: number;
}

/**
 * The complete subtrees that make up [start, end), largest first, for a range the RFC's recursion
 * visits (start a multiple of a power of two at least end - start): its hash folds them right to
 * left, MTH = H(n1, H(n2, … nk)).
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  while (start < end) {
    let level = 0;
    while ((start % 2 ** (level + 1)) === 0 && start + 2 ** (level + 1) <= end) level++;
    nodes.push({ level, index: start / 2 ** level });
    start += 2 ** level;
  }
  return nodes;
}

/** Folds a range's complete subtrees (rangeNodes order) into its hash. */
export function foldRange(hashes: readonly Hash[]): Hash {
  if (!hashes.length) return EMPTY_ROOT;
  let h = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) h = nodeHash(hashes[i]!, h);
  return h;
}

/** The hash of a range of leaves, from its complete subtrees. */
export type RangeHash = (start: number, end: number) => Hash;

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): the inclusion proof of leaf m in the tree of size n. */
export function inclusionPath(m: number, n: number, mth: RangeHash): Hash[] {
  const path = (m: number, start: number, end: number): Hash[] => {
    const n = end - start;
    if (n <= 1) return [];
    const k = splitPoint(n);
    return m < k ? [...path(m, start, start + k), mth(start + k, end)] : [...path(m - k, start + k, end), mth(start, start + k)];
  };
  if (m < 0 || m >= n) throw new RangeError(`leaf ${m} is not in a tree of size ${n}`);
  return path(m, 0, n);
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]): the consistency proof from size m to size n (0 < m ≤ n). */
export function consistencyPath(m: number, n: number, mth: RangeHash): Hash[] {
  const sub = (m: number, start: number, end: number, whole: boolean): Hash[] => {
    const n = end - start;
    if (m === n) return whole ? [] : [mth(start, end)];
    const k = splitPoint(n);
    return m <= k ? [...sub(m, start, start + k, whole), mth(start + k, end)] : [...sub(m - k, start + k, end, false), mth(start, start + k)];
  };
  if (m < 0 || m > n) throw new RangeError(`no consistency proof from size ${m} to size ${n}`);
  if (m === 0) return [];
  return sub(m, 0, n, true);
}

/** The ranges a proof reads, so their subtrees can be fetched in one query before it is built. */
export function rangesRead(build: (mth: RangeHash) => unknown): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  build((s, e) => (ranges.push([s, e]), EMPTY_ROOT));
  return ranges;
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

/** RFC 9162 §2.1.3.2: does `proof` show leaf `index` (hash `leaf`) in the tree of `size` with `root`? */
export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (p.length !== 32 || sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) (fn = Math.floor(fn / 2)), (sn = Math.floor(sn / 2));
    } else r = nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree of size1 (root1) to be a prefix of the tree of size2 (root2)? */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean {
  if (size1 < 0 || size2 < size1) return false;
  if (size1 === size2) return proof.length === 0 && equal(root1, root2);
  if (size1 === 0) return proof.length === 0;
  if (!proof.length || proof.some((p) => p.length !== 32)) return false;
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) (fn = Math.floor(fn / 2)), (sn = Math.floor(sn / 2));
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) (fn = Math.floor(fn / 2)), (sn = Math.floor(sn / 2));
    } else sr = nodeHash(sr, c);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, root1) && equal(sr, root2);
}

/**
 * A tree built leaf by leaf keeping only its right edge (one complete subtree per bit of its
 * size): the root of every prefix costs O(log n), so an export of n entries verifies in O(n).
 * `onNode` sees every complete subtree as it is completed (the sealer stores them).
 */
export class CompactTree {
  /** the right edge: complete subtrees, largest (leftmost) first */
  #edge: Array<{ level: number; hash: Hash }> = [];
  size = 0;

  constructor(edge: Array<{ level: number; hash: Hash }> = [], size = 0) {
    this.#edge = [...edge];
    this.size = size;
  }

  /** The right edge of a tree of `size` leaves: the ids of its subtrees, largest first. */
  static edgeOf(size: number): NodeId[] {
    const ids: NodeId[] = [];
    for (let level = 52; level >= 0; level--) {
      const count = Math.floor(size / 2 ** level);
      if (count % 2 === 1) ids.push({ level, index: count - 1 });
    }
    return ids;
  }

  append(leaf: Hash, onNode?: (node: NodeId, hash: Hash) => void): void {
    let hash = leaf;
    let level = 0;
    let index = this.size;
    onNode?.({ level, index }, hash);
    while (this.#edge.length && this.#edge[this.#edge.length - 1]!.level === level) {
      hash = nodeHash(this.#edge.pop()!.hash, hash);
      level++;
      index = Math.floor(index / 2);
      onNode?.({ level, index }, hash);
    }
    this.#edge.push({ level, hash });
    this.size++;
  }

  root(): Hash {
    return foldRange(this.#edge.map((e) => e.hash));
  }
}
