export * from './activities.js';
export * from './chinese-days-calendar.js';
export * from './coverage-warnings.js';
export * from './office-calendar.js';
export * from './table-calendar.js';
export * from './year-entry.js';
