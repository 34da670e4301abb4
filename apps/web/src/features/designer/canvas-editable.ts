import { createContext, useContext } from 'react';

/** Whether the canvas around can be edited (the comment and group views ask). */
export const CanvasEditableContext = createContext(false);
export const useCanvasEditable = () => useContext(CanvasEditableContext);
