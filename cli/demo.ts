import type { Command } from 'commander';

export function demoCommands(program: Command): void {
  void program;
}
