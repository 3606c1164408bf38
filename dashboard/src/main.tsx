import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './charts/setup.js';
import { App } from './App.js';
import { applyTheme, initialTheme } from './hooks/useTheme.js';
import './styles.css';

// Apply the theme before the first render so a dark-theme visitor never sees a light flash.
applyTheme(initialTheme());

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
