// Machine::save() and Machine::restore(): see checkpoint.h.

#include "machine/checkpoint.h"

#include <stdexcept>

namespace racescope {

void Machine::save(MachineCheckpoint& out) const
{
    if (!m_journal.target)
        throw std::logic_error("Machine::save needs a store journal");
    // Assignments, not fresh vectors: a search reuses its checkpoints, and their buffers with them.
    out.tasks = m_tasks;
    out.cpus = m_cpus;
    out.runnable = m_runnable;
    out.shadows = m_slab.shadows();
    out.journalSize = m_journal.target->size();
    out.oopses = m_oopses.size();
    out.step = m_step;
    out.gpWaitCpus = m_gpWaitCpus;
    out.blockedTasks = m_blockedTasks;
    out.faultRng = m_faultRng;
    out.scribbleStep = m_scribbleStep;
    out.status = m_status;
}

void Machine::restore(const MachineCheckpoint& saved)
{
    StoreJournal& journal = *m_journal.target;
    if (journal.size() < saved.journalSize || m_oopses.size() < saved.oopses)
        throw std::logic_error("Machine::restore: the checkpoint is newer than the machine");
    // Newest first, so that a word stored twice ends with its oldest value. Memory::store
    // keeps the content hash exact: each store subtracts the word it replaces.
    for (size_t i = journal.size(); i-- > saved.journalSize;) {
        const StoreUndo& u = journal[i];
        m_memory.store(u.address, u.size, u.previous);
    }
    journal.resize(saved.journalSize);
    m_tasks = saved.tasks;
    m_cpus = saved.cpus;
    m_runnable = saved.runnable;
    m_slab.restoreShadows(saved.shadows);
    m_oopses.resize(saved.oopses);
    m_step = saved.step;
    m_gpWaitCpus = saved.gpWaitCpus;
    m_blockedTasks = saved.blockedTasks;
    m_faultRng = saved.faultRng;
    m_scribbleStep = saved.scribbleStep;
    m_status = saved.status;
}

} // namespace racescope
