// The docs page's only script: import the certlens package as is, and show the pins of what
// the reader pastes. Served from the repository root, pkg/ is two folders up; a docs site
// copies pkg/ next to its pages and changes this one path.
import init, { inspect, pins, version } from '../../pkg/certlens.js';

const $ = (id) => document.getElementById(id);

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function show(text) {
  const status = $('status');
  const result = $('result');
  if (!text.trim()) {
    status.textContent = 'Paste a certificate to see its pins.';
    result.hidden = true;
    return;
  }
  const report = inspect(text);
  let p;
  try {
    p = pins(text);
  } catch (e) {
    // e.message is the same sentence the certlens CLI prints.
    const why = report.errors.length ? ` (${report.errors[0].message})` : '';
    status.textContent = `${e.message}${why}`;
    status.className = 'error';
    result.hidden = true;
    return;
  }
  const rows = p.all.filter((item) => item.kind === 'certificate').map((item) => {
    const c = report.certificates[item.index];
    const tr = document.createElement('tr');
    tr.append(cell(c.subject), cell(item.leaf ? 'yes' : ''), cell(item.hex, 'pin'), cell(item.base64, 'pin-b64'));
    tr.dataset.pin = item.hex;
    return tr;
  });
  $('pins').replaceChildren(...rows);
  $('yaml').textContent = p.yaml;
  const n = report.certificates.length;
  status.textContent = `${n} certificate${n === 1 ? '' : 's'} read${report.errors.length ? `; ${report.errors.length} block(s) could not be read` : ''}.`;
  status.className = '';
  result.hidden = false;
}

await init();
$('version').textContent = version();
const area = $('cert');
area.disabled = false;
area.addEventListener('input', () => show(area.value));
show(area.value);
document.body.dataset.ready = 'true';
