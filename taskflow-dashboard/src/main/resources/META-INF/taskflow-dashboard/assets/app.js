// app.js: entry point. Shell (read-only badge), route table, router start.
// Shell hooks: nav#nav a[data-nav] (aria-current on the active page), #read-only-badge, #live-status, #alert, main#main,
//   #page-title (each page's h1).
import { config } from './api.js';
import { h, pageHeader } from './dom.js';
import { startRouter } from './router.js';
import * as overview from './pages/overview.js';
import * as jobs from './pages/jobs.js';
import * as job from './pages/job.js';
import * as workflows from './pages/workflows.js';
import * as workflow from './pages/workflow.js';
import * as queues from './pages/queues.js';
import * as schedules from './pages/schedules.js';
import * as nodes from './pages/nodes.js';
import * as enqueue from './pages/enqueue.js';

if (!config.canWrite) {
  document.documentElement.classList.add('read-only');
  const b = document.getElementById('read-only-badge');
  b.hidden = false;
  b.title = 'You can look but not change anything';
  for (const el of document.querySelectorAll('[data-write]')) el.hidden = true;
}

const notFound = {
  mount(main) {
    main.append(pageHeader('Page not found'),
      h('p', null, 'There is no such page in the dashboard. ', h('a', { href: `${config.base}/` }, 'Go to the overview.')));
  },
};

startRouter([
  { name: 'overview', nav: 'overview', title: 'Overview', re: /^$/, page: overview },
  { name: 'jobs', nav: 'jobs', title: 'Jobs', re: /^\/jobs$/, page: jobs },
  { name: 'job', nav: 'jobs', title: 'Job', re: /^\/jobs\/([^/]+)$/, page: job },
  { name: 'workflows', nav: 'workflows', title: 'Workflows', re: /^\/workflows$/, page: workflows },
  { name: 'workflow', nav: 'workflows', title: 'Workflow', re: /^\/workflows\/([^/]+)$/, page: workflow },
  { name: 'queues', nav: 'queues', title: 'Queues', re: /^\/queues$/, page: queues },
  { name: 'schedules', nav: 'schedules', title: 'Schedules', re: /^\/schedules$/, page: schedules },
  { name: 'nodes', nav: 'nodes', title: 'Nodes', re: /^\/nodes$/, page: nodes },
  { name: 'enqueue', nav: 'enqueue', title: 'Enqueue', re: /^\/enqueue$/, page: enqueue },
  { name: 'notfound', nav: '', title: 'Not found', re: /^\0$/, page: notFound },
]);
