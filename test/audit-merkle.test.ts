// The transparency log's hashing and proofs against published vectors: transparency-dev/merkle
// (https://github.com/transparency-dev/merkle), testonly/constants.go (leaf inputs, node and root
// hashes of the RFC 6962 reference tree) and proof/verify_test.go (inclusion and consistency
// proofs; their leaf numbers there are 1-based, here 0-based). The same vectors as Certificate
// Transparency's C++ merkle_tree_test.cc.
import { describe, expect, it } from "vitest";
import { CompactTree, consistencyPath, EMPTY_ROOT, foldRange, inclusionPath, leafHash, rangeNodes, verifyConsistency, verifyInclusion, type Hash } from "../src/access/audit/merkle.ts";

const hex = (h: string) => Buffer.from(h, "hex");
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(hex);
const NODES = [
  ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7", "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"],
  ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"],
  ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
  ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
];
const ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const INCLUSION: Array<[number, number, string[]]> = [
  [0, 1, []],
  [0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]],
  [5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]],
  [2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]],
  [1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]],
];
const CONSISTENCY: Array<[number, number, string[]]> = [
  [1, 1, []],
  [1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]],
  [6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]],
  [2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]],
  [6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]],
];

// The stored subtrees of the 8-leaf tree, as the sealer stores them, computed here from the leaves.
const stored = new Map<string, Hash>();
const tree = new CompactTree();
const roots: string[] = [EMPTY_ROOT.toString("hex")];
for (const leaf of LEAVES) {
  tree.append(leafHash(leaf), (n, h) => stored.set(`${n.level}:${n.index}`, h));
  roots.push(tree.root().toString("hex"));
}
const mth = (s: number, e: number) => foldRange(rangeNodes(s, e).map((n) => stored.get(`${n.level}:${n.index}`)!));

describe("RFC 6962 Merkle hashing (transparency-dev/merkle vectors)", () => {
  it("hashes leaves, complete subtrees and the root of every tree size as published", () => {
    NODES.forEach((level, l) => level.forEach((h, i) => expect(stored.get(`${l}:${i}`)?.toString("hex"), `node ${l}:${i}`).toBe(h)));
    expect(roots).toEqual(ROOTS);
    for (let n = 1; n <= 8; n++) expect(mth(0, n).toString("hex"), `root of ${n} from stored subtrees`).toBe(ROOTS[n]);
  });

  it("builds the published inclusion proofs, which verify, and refuses corrupted ones", () => {
    for (const [m, n, proof] of INCLUSION) {
      const built = inclusionPath(m, n, mth);
      expect(built.map((h) => h.toString("hex")), `PATH(${m}, ${n})`).toEqual(proof);
      const leaf = leafHash(LEAVES[m]!);
      const root = hex(ROOTS[n]!);
      expect(verifyInclusion(m, n, leaf, built, root)).toBe(true);
      expect(verifyInclusion(m + 1, n, leaf, built, root)).toBe(false);
      expect(verifyInclusion(m, n * 2, leaf, built, root)).toBe(false);
      expect(verifyInclusion(m, n, leafHash(Buffer.from("WrongLeaf")), built, root)).toBe(false);
      expect(verifyInclusion(m, n, leaf, [...built, root], root)).toBe(false);
      built.forEach((_, i) => {
        const flipped = built.map((h, j) => (j === i ? Buffer.from(h.map((b, k) => (k === 0 ? b ^ 8 : b))) : h));
        expect(verifyInclusion(m, n, leaf, flipped, root)).toBe(false);
      });
    }
  });

  it("builds the published consistency proofs, which verify, and refuses corrupted ones", () => {
    for (const [m, n, proof] of CONSISTENCY) {
      const built = consistencyPath(m, n, mth);
      expect(built.map((h) => h.toString("hex")), `PROOF(${m}, ${n})`).toEqual(proof);
      const [r1, r2] = [hex(ROOTS[m]!), hex(ROOTS[n]!)];
      expect(verifyConsistency(m, n, built, r1, r2)).toBe(true);
      if (!built.length) continue;
      expect(verifyConsistency(m, n, built, r2, r1)).toBe(false);
      expect(verifyConsistency(m - 1, n, built, r1, r2)).toBe(false);
      expect(verifyConsistency(m, n, built.slice(0, -1), r1, r2)).toBe(false);
      expect(verifyConsistency(m, n, [], r1, r2)).toBe(false);
      built.forEach((_, i) => {
        const flipped = built.map((h, j) => (j === i ? Buffer.from(h.map((b, k) => (k === 0 ? b ^ 16 : b))) : h));
        expect(verifyConsistency(m, n, flipped, r1, r2)).toBe(false);
      });
    }
  });

  it("agrees with itself on larger trees: every proof of a 37-leaf tree verifies", () => {
    const big = new Map<string, Hash>();
    const t = new CompactTree();
    const rootAt: Hash[] = [EMPTY_ROOT];
    const leaves = Array.from({ length: 37 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
    for (const l of leaves) (t.append(l, (n, h) => big.set(`${n.level}:${n.index}`, h)), rootAt.push(t.root()));
    const bigMth = (s: number, e: number) => foldRange(rangeNodes(s, e).map((n) => big.get(`${n.level}:${n.index}`)!));
    for (let n = 1; n <= 37; n++) {
      for (let m = 0; m < n; m++) expect(verifyInclusion(m, n, leaves[m]!, inclusionPath(m, n, bigMth), rootAt[n]!)).toBe(true);
      for (let m = 1; m <= n; m++) expect(verifyConsistency(m, n, consistencyPath(m, n, bigMth), rootAt[m]!, rootAt[n]!)).toBe(true);
    }
  });
});
