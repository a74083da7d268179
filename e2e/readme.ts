// Reads the code examples of README.md, so tests run exactly what the README tells shops to paste.
import { readFileSync } from 'node:fs';

/** Returns the fenced code blocks under a README.md heading, up to the next heading. */
export function readmeBlocks(heading: string): { language: string; text: string }[] {
  const lines = readFileSync(new URL('../README.md', import.meta.url), 'utf8').split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`README.md has no heading "${heading}": update the test to the README`);
  const blocks: { language: string; text: string }[] = [];
  let open: { language: string; lines: string[] } | undefined;
  for (const line of lines.slice(start + 1)) {
    if (open && line.startsWith('```')) {
      blocks.push({ language: open.language, text: open.lines.join('\n') });
      open = undefined;
    } else if (open) {
      open.lines.push(line);
    } else if (line.startsWith('```')) {
      open = { language: line.slice(3).trim(), lines: [] };
    } else if (line.startsWith('#')) {
      break;
    }
  }
  return blocks;
}
