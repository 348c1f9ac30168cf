export * from './case-schemas';
export * from './channels';
export * from './client';
export * from './define';
export * from './errors';
export * from './schemas';
export * from './sync-channels';
