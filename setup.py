# Reads settings.ini the usual nbdev 2 way (without pkg_resources, which new setuptools dropped).
import shlex
from configparser import ConfigParser
import setuptools

config = ConfigParser(delimiters=['='])
config.read('settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

expected = 'version description keywords author author_email'.split()
missing = [o for o in expected if o not in cfg]
if missing: raise SystemExit(f"settings.ini is missing {missing}; add them under [DEFAULT]")

licenses = {'apache2': 'Apache-2.0'}  # SPDX expression (license classifiers are deprecated)
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable', '6 - Mature', '7 - Inactive']
py_versions = '3.10 3.11 3.12 3.13'.split()

def reqs(key): return shlex.split(cfg.get(key, ''))
requirements = reqs('requirements')            # a plain install: pipeline, train, merge, eval, data prepare/fetch
hf = reqs('hf_requirements')                   # [hf]: transformers + lm-eval (export-hf, import-hf, lm-evaluation-harness)
curate = reqs('curate_requirements')           # [curate]: datatrove and its needs (curation on many machines)
gguf = reqs('gguf_requirements')               # [gguf]: llama.cpp's gguf writer (export-gguf)
docs = reqs('docs_requirements')               # [docs]: the offline docs site and its browser check (glint docs)
dev = reqs('dev_requirements') + hf + curate + gguf + docs  # [dev]: everything, plus the notebook tools
extras = {'hf': hf, 'curate': curate, 'gguf': gguf, 'docs': docs, 'scale': curate, 'dev': dev}  # 'scale' is the old name of 'curate'
lic = licenses[cfg['license']]
min_python = cfg['min_python']
console_scripts = cfg.get('console_scripts', '').split()

setuptools.setup(
    name=cfg['lib_name'],
    version=cfg['version'],
    license=lic,
    license_files=['LICENSE'],
    classifiers=[
        'Development Status :: ' + statuses[int(cfg['status'])],
        'Intended Audience :: ' + cfg['audience'].title(),
        'Natural Language :: ' + cfg['language'].title(),
    ] + ['Programming Language :: Python :: ' + o for o in py_versions[py_versions.index(min_python):]],
    url=cfg['git_url'],
    packages=setuptools.find_packages(include=['glint', 'glint.*']),
    include_package_data=True,
    install_requires=requirements,
    extras_require=extras,
    python_requires='>=' + min_python,
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    zip_safe=False,
    entry_points={'console_scripts': console_scripts, 'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
    author=cfg['author'],
    author_email=cfg['author_email'],
    description=cfg['description'],
    keywords=cfg['keywords'],
)
