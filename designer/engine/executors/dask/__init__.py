"""Run steps on a Dask distributed cluster, each on a worker that has the resources its target asks for.

A compute target of kind ``dask`` names a scheduler address and the worker resources its steps need
(``[compute.gpu] kind = "dask"  address = "tcp://10.0.0.5:8786"  resources = { GPU = 1 }``, optionally
``workers = ["gpu-node-1"]`` to pin it to named workers). :class:`DaskExecutor` keeps one asynchronous
``distributed.Client`` per scheduler address, made on first use and closed by :meth:`DaskExecutor.close`.

One step on a worker (:func:`~designer.engine.executors.dask.worker.run_on_worker`, a Dask task submitted with ``pure=False`` and the
target's ``resources``):

- its code snapshot travels with the task as a tar archive and is unpacked once per content hash
  into a cache folder on the worker;
- its environment (the normalised definition the runner resolved) is found or built by the worker
  in its own cache before the step's fingerprint is made (``preparing`` meanwhile; the lock the worker
  built is the one fingerprinted and recorded), and the command runs with that environment's
  ``python`` first on ``PATH`` (see :mod:`designer.engine.executors.dask.envs`); in ``current`` mode,
  with the worker's own interpreter;
- the command runs as ``bash -c`` in its own process group, cwd = the snapshot, with the worker's
  environment plus the step's own variables (``DESIGNER_*``, ``MLFLOW_TRACKING_URI``, the job's
  ``environment_variables``); a watchdog in the group kills the group if the worker process dies,
  and the worker's guard (:mod:`designer.engine.executors.supervise`) ends what left the group, so
  no step outlives its worker;
- with a :class:`~designer.engine.executors.dask.storage.SharedFolder` it reads inputs, writes outputs and appends
  to the log files in place; with an :class:`~designer.engine.executors.dask.storage.ObjectStore` it stages inputs
  into a scratch folder, streams stdout/stderr back as Dask events (the runner appends them to the
  log files as they come) and uploads outputs on success (see :mod:`designer.engine.executors.dask.storage`).

Stopping: :meth:`DaskStep.terminate` / :meth:`DaskStep.kill` run a small function on the worker
(``client.run``) that signals the step's process group; a signal that arrives before the process
exists is kept and applied when it starts.

Failures: a scheduler that cannot be reached fails :meth:`DaskExecutor.prepare` (the runner's
pre-flight) with the address in the message. A step whose target asks for resources no worker offers
fails at once with the workers listed. A worker that dies mid-step fails the step ("worker tcp://...
died while running step 'x'") or, when the step allows retries, runs it again elsewhere. Retries come
from the job's ``properties: {retries: "2"}`` (Azure ML accepts a string map there and has no per-step
retry field), else from the target's ``retries`` in ``designer.toml``.

Workers need this package installed (the same version as the runner), plus fsspec and the driver of
an object store when one is used: the task function and the signal function are imported by name.

How a runner uses it: ``Runner(..., executors={"local": LocalExecutor(), "dask": dask})``, then
``await dask.prepare(plan)`` after planning and before ``Runner.start(plan)`` (the pre-flight; it also
learns each step's target and retries by step path), and ``await dask.close()`` at the end. When
:class:`~designer.engine.executors.Launch` carries ``target`` (and ``retries``), those win over what
``prepare`` learnt, so several runs of different pipelines can share one executor safely.

The package, one job per module:

- ``worker.py``: what runs inside a Dask worker; workers import its names (``__all__``) by name, so
  they are a contract with every installed worker (``tests/dask`` checks they exist);
- ``cluster.py``: one client connection per scheduler address and what it reports (workers, events);
- ``executor.py``: :class:`DaskExecutor`, the ``Executor`` the runner uses, and its pre-flight;
- ``envs.py`` / ``worker_env.py``: steps' environments on the workers (runner side / worker side),
  and the pre-flight check that every worker has uv and the Pythons the environments ask for;
- ``step.py``: :class:`DaskStep`, the driver of one step on the cluster, with its retries;
- ``storage.py``: how the runner and the workers share artifacts (a shared folder or an object store).

Import what you need from its module (``from designer.engine.executors.dask.executor import
DaskExecutor``); this package's ``__init__`` imports nothing, so a worker that unpickles a task pays
only for ``worker.py``.
"""
