// Charts with Chart.js (only the parts used are bundled): bars for breakdowns, a line for rates over time.
import { BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { h } from './dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

const live: Chart[] = [];

/** Destroys the charts of the previous view (a view change replaces the DOM they drew in). */
export function destroyCharts(): void {
  while (live.length) live.pop()!.destroy();
}

export function chartCard(title: string, id: string, kind: 'bar' | 'line', labels: string[], series: Array<{ label: string; data: number[] }>, opts: { percent?: boolean } = {}): HTMLElement {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': title });
  const card = h('div', { class: 'chart', 'data-chart': id }, h('h3', {}, title), canvas);
  queueMicrotask(() => {
    live.push(new Chart(canvas, {
      type: kind,
      data: { labels, datasets: series.map((s, i) => ({ label: s.label, data: s.data, borderWidth: kind === 'line' ? 2 : 0, backgroundColor: ['#2458c6', '#b42318', '#157f3b'][i % 3], borderColor: ['#2458c6', '#b42318', '#157f3b'][i % 3], pointRadius: 2 })) },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: series.length > 1 } },
        scales: { y: { beginAtZero: true, ticks: opts.percent ? { callback: (v) => `${(Number(v) * 100).toFixed(1)}%` } : {} } },
      },
    }));
  });
  return card;
}
