"""Writes src/pycell/pytorch-names.json: the public names of the objects a PyTorch cell exposes,
as PyTorch 1.13 and CPython define them, so the cell can tell a name it lacks ("torch.where is not
supported in this cell") from a name that does not exist (Python's AttributeError).

Run with the PyTorch 1.13 the fixtures come from: /usr/bin/python3 scripts/pytorch-names.py
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

# The nn modules the cell builds; their instances share nn.Module's names plus their own fields.
MODULE_CLASSES = ['CrossEntropyLoss', 'NLLLoss', 'KLDivLoss', 'BCELoss', 'BCEWithLogitsLoss',
                  'MSELoss', 'Softmax', 'LogSoftmax']


def public(names):
    """Sorted public names: no leading underscore (dunder methods are reached by syntax), but
    torch.__version__, which programs print."""
    return ' '.join(sorted({n for n in names if not n.startswith('_') or n == '__version__'}))


def module_instance(name):
    cls = getattr(nn, name)
    return cls(dim=1) if name in ('Softmax', 'LogSoftmax') else cls()


def main():
    instances = [module_instance(name) for name in MODULE_CLASSES]
    sgd = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    names = {
        'torch': public(dir(torch)),
        'torch.nn': public(dir(nn)),
        'torch.nn.functional': public(dir(F)),
        'torch.special': public(dir(torch.special)),
        'torch.optim': public(dir(torch.optim)),
        'Tensor': public(dir(torch.zeros(1))),
        'SGD': public(dir(sgd)),
        'nn.Module': public(n for m in instances for n in dir(m)),
        'str': public(dir(str)),
        'list': public(dir(list)),
        'tuple': public(dir(tuple)),
    }
    document = {
        'about': 'Public names in PyTorch %s and Python %s (scripts/pytorch-names.py)'
        % (torch.__version__.split('+')[0], '.'.join(map(str, __import__('sys').version_info[:2]))),
        'moduleClasses': ' '.join(MODULE_CLASSES),
        'names': names,
    }
    out = os.path.join(os.path.dirname(__file__), '..', 'src', 'pycell', 'pytorch-names.json')
    with open(out, 'w', encoding='utf-8') as f:
        json.dump(document, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
