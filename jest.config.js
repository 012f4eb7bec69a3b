/** Jest runs the TypeScript tests directly; command-level tests spawn the built CLI from dist/. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testTimeout: 60000,
  // Child processes and sandbox servers make tests heavy; two workers match the CI machine's cores.
  maxWorkers: 2,
};
