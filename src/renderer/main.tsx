import './theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startSync } from './store/sync';
import { ConsoleView } from './views/ConsoleView';

startSync();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ConsoleView />
  </StrictMode>,
);
