export * from './limits';
export * from './names';
export * from './problems';
export * from './time-window';
export * from './components';
export * from './dag-schema';
export * from './graph';
export * from './validate';
