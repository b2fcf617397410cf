// Lint rules follow the house style (STYLE.md §14, §20): no `any`, no floating promises,
// exhaustive switches, type-only imports, curly braces and strict equality. `console` is banned
// outside the CLI output module and benchmarks so that nothing logs personal data by accident.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules", "data", "dist", "coverage", "**/*.d.ts", "tmp"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.js", "bin/*.js", "scripts/*.mjs"] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
      curly: ["error", "multi-line"],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-console": "error",
    },
  },
  {
    // Plain JavaScript entry points and scripts: no type information to lint with.
    files: ["bin/**/*.js", "scripts/**/*.mjs", "*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  {
    files: ["src/cli/output.ts", "bench/**", "bin/**", "**/*.test.ts", "test/**"],
    rules: { "no-console": "off" },
  },
  {
    files: ["**/*.test.ts", "test/**"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      // Test files run one after another in the same worker (vitest's `isolate: false`): a module
      // mock, fake timers or a stubbed global would leak into the files that follow.
      "no-restricted-properties": [
        "error",
        ...["mock", "doMock", "unmock", "resetModules", "useFakeTimers", "stubGlobal", "stubEnv"].map((property) => ({
          object: "vi",
          property,
          message: "test files share a worker (isolate: false): no module mocks, fake timers or stubbed globals; use real modules and restore what you change",
        })),
      ],
    },
  },
);
