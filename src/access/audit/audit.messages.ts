// The audit log's messages to clients (zh and en), in one place, for the platform's catalogue.
export const AUDIT_MESSAGES = {
  treeSizeRange: {
    zh: (field: string, size: number) => `${field}：树大小须在 1 到当前日志大小 ${size} 之间`,
    en: (field: string, size: number) => `${field}: a tree size must be between 1 and the log's current size, ${size}`,
  },
  consistencyOrder: {
    zh: () => "fromSize 不得大于 toSize",
    en: () => "fromSize must not be greater than toSize",
  },
  entryNotFound: {
    zh: (id: string) => `entryId：没有您可查看的审计记录 ${id}`,
    en: (id: string) => `entryId: no audit entry ${id} that you may see`,
  },
  entryNotSealed: {
    zh: (id: string) => `entryId：审计记录 ${id} 尚未封存入日志，请稍后再试`,
    en: (id: string) => `entryId: audit entry ${id} is not sealed into the log yet; try again in a moment`,
  },
  entryNotInTree: {
    zh: (id: string, index: number, size: number) => `treeSize：审计记录 ${id} 位于第 ${index} 位，不在大小为 ${size} 的树中（须大于 ${index}）`,
    en: (id: string, index: number, size: number) => `treeSize: audit entry ${id} is at leaf ${index}, not in a tree of size ${size} (it must be greater than ${index})`,
  },
  entryIdFormat: {
    zh: () => "entryId：须为审计记录编号（十进制数字）",
    en: () => "entryId: must be an audit entry id (decimal digits)",
  },
  exportRange: {
    zh: () => "fromIndex 须 ≥ 0，first 须在 1 到 5000 之间",
    en: () => "fromIndex must be at least 0 and first between 1 and 5000",
  },
} as const;
