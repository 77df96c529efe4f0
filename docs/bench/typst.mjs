// Compiles docs/bench/seed.typ to a PDF with Typst (the typst.ts Node binding, which embeds the
// Typst compiler) in one fresh process, as a cold `typst compile` would:
//   npm install @myriaddreamin/typst-ts-node-compiler
//   node docs/bench/typst.mjs docs/bench/seed.typ /tmp/seed-typst.pdf fonts/
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const [main, out, fontDir] = process.argv.slice(2);
const compiler = NodeCompiler.create({
  workspace: dirname(resolve(main)),
  fontArgs: [{ fontPaths: [resolve(fontDir)] }],
});
const pdf = compiler.pdf({ mainFilePath: resolve(main) });
writeFileSync(out, pdf);
