// The whole surface the renderer gets from the desktop shell: send a string, listen for
// strings. No Node, no ipcRenderer, no channel names the page can choose.
// (A sandboxed preload may only require 'electron': the build bundles policy.ts into it.)
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AqueductBridge } from '../../shared/contract';
import { IPC_MESSAGE, IPC_REQUEST } from './policy';

const bridge: AqueductBridge = {
  send(message: string): void {
    // the page may pass anything; only strings travel
    if (typeof message === 'string') ipcRenderer.send(IPC_REQUEST, message);
  },
  onMessage(callback: (message: string) => void): () => void {
    const listener = (_event: IpcRendererEvent, message: string) => callback(message);
    ipcRenderer.on(IPC_MESSAGE, listener);
    return () => ipcRenderer.removeListener(IPC_MESSAGE, listener);
  },
};

contextBridge.exposeInMainWorld('aqueduct', bridge);
