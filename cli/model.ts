import type { Command } from 'commander';

export function modelCommands(program: Command): void {
  void program;
}
