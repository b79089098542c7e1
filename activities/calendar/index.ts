export * from './activities.js';
export * from './chinese-days-calendar.js';
export * from './table-calendar.js';
