import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { EditorStoreSlotProvider } from './features/designer/store-slot';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EditorStoreSlotProvider>
      <App />
    </EditorStoreSlotProvider>
  </StrictMode>,
);
