// The whole surface the renderer gets from the desktop shell: send a string, listen for
// strings. No Node, no ipcRenderer, no channel names the page can choose.
// (A sandboxed preload may only require 'electron': the build bundles policy.ts into it.)
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_MESSAGE, IPC_REQUEST } from './policy';

contextBridge.exposeInMainWorld('aqueduct', {
  send(message: unknown): void {
    if (typeof message === 'string') ipcRenderer.send(IPC_REQUEST, message);
  },
  onMessage(callback: (message: string) => void): () => void {
    const listener = (_event: IpcRendererEvent, message: string) => callback(message);
    ipcRenderer.on(IPC_MESSAGE, listener);
    return () => ipcRenderer.removeListener(IPC_MESSAGE, listener);
  },
});
