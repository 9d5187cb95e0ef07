import type { Command } from 'commander';

export function nluCommands(program: Command): void {
  void program;
}
