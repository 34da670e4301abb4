// Placeholder until its issue: see README.md.
export {};
