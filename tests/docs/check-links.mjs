// Every relative link in README.md and docs/*.md resolves: the file (or folder) exists inside the
// repository, and a #fragment names a heading of the page it points to (GitHub's anchors). Links
// out of the repository (a user's clone has nothing beside it) are errors too.
// Usage: node tests/docs/check-links.mjs [repository root]   (exit 1 and one line per broken link)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../..'));
const pages = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

// The page's lines outside fenced code blocks.
function prose(file) {
    let fenced = false;
    return fs.readFileSync(file, 'utf8').split('\n').filter((line) => {
        if (/^\s*```/.test(line)) { fenced = !fenced; return false; }
        return !fenced;
    });
}

// GitHub's anchor of each heading: lower case, punctuation dropped, spaces to '-', repeats numbered.
const anchorCache = new Map();
function anchors(file) {
    if (!anchorCache.has(file)) {
        const seen = new Map(), found = new Set();
        for (const line of prose(file)) {
            const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
            if (!m) continue;
            const slug = m[1].toLowerCase().replace(/[^\p{L}\p{N}\p{M}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
            const n = seen.get(slug) ?? 0;
            seen.set(slug, n + 1);
            found.add(n ? `${slug}-${n}` : slug);
        }
        anchorCache.set(file, found);
    }
    return anchorCache.get(file);
}

let broken = 0, checked = 0;
for (const page of pages) {
    const file = path.join(root, page);
    prose(file).forEach((line) => {
        // Inline code is not a link; [text](target) and ![alt](target) are.
        const text = line.replace(/`[^`]*`/g, '');
        for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
            const target = m[1];
            if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
            ++checked;
            const [where, fragment] = target.split('#');
            const resolved = where ? path.resolve(path.dirname(file), decodeURIComponent(where)) : file;
            const fail = (why) => { ++broken; console.log(`${page}: ${target}: ${why}`); };
            if (path.relative(root, resolved).startsWith('..')) fail('outside the repository');
            else if (!fs.existsSync(resolved)) fail('no such file');
            else if (fragment !== undefined && resolved.endsWith('.md') && !anchors(resolved).has(fragment))
                fail(`no heading with the anchor #${fragment}`);
        }
    });
}
console.log(`docs links: ${checked} checked in ${pages.length} pages, ${broken} broken`);
process.exit(broken ? 1 : 0);
