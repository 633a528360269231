// The CSV writer moved to src/shared (the analytics tables' exports use it too).
export { CSV_BOM, csvField, csvLine } from '../shared/index.ts';
