// pnpm hooks. beforePacking shapes the package.json that `pnpm pack` and `pnpm publish` put in a tarball.
export const hooks = {
  // devDependencies name private workspace packages (tools/*) that are never published, and scripts call
  // ../../tools; neither means anything to whoever installs the tarball.
  beforePacking(pkg) {
    delete pkg.devDependencies;
    delete pkg.scripts;
    return pkg;
  },
};
