import { mount } from 'svelte';
import './ui/styles/app.css';
import App from './ui/App.svelte';
import { createApp } from './app.ts';
import { registerOfflineCache } from './ui/state/offlineCache.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
target.textContent = '';
mount(App, { target, props: { app: createApp() } });
registerOfflineCache();
