export declare function answerUpToStateQuestion<T>(
  io: { waitFor(text: string): Promise<T>; write(text: string): void; pause?(): Promise<unknown> },
  o: { workspace: string; token: string; runtime: string },
): Promise<T>;
