/** "1 file", "15 files": a number with its noun, for the lines a person reads. */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
