import './theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startConsoleSession } from './store/session';
import { AppView } from './views/AppView';

startConsoleSession();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <AppView />
  </StrictMode>,
);
