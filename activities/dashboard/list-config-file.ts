// Reads config/dashboard-lists.json (the priority score's inputs and weights, the default campaign) once per process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseListConfig, type ListConfig } from '../../domain/list-config';

export const LIST_CONFIG_PATH = path.resolve(__dirname, '..', '..', 'config', 'dashboard-lists.json');

let cached: ListConfig | null = null;

export function loadListConfig(file = LIST_CONFIG_PATH): ListConfig {
  if (file !== LIST_CONFIG_PATH) return parseListConfig(JSON.parse(readFileSync(file, 'utf8')));
  cached ??= parseListConfig(JSON.parse(readFileSync(file, 'utf8')));
  return cached;
}
