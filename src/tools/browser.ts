// The only code that opens a URL in the user's browser (the system's own opener: `open` on macOS, `xdg-open` elsewhere).
import type { Runner } from './process.js';

/** An opener that says whether the browser was started; a missing opener (a server, a container) is `false`, not an error. */
export function createBrowserOpener(runner: Runner, platform: NodeJS.Platform = process.platform) {
  return async (url: string): Promise<boolean> => {
    try {
      return (await runner.run(platform === 'darwin' ? 'open' : 'xdg-open', [url])).exitCode === 0;
    } catch {
      return false;
    }
  };
}
