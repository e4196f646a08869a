#include "machine/function_id.h"

#include <array>

namespace racescope {

namespace {

// Listings are ours, written to be read beside the kernel's. Each statement that a step
// performs sits on its own line; the line numbers are part of the trace format.
constexpr std::string_view kUserMode = R"(/* user space: the task's program of system calls */
next_op = program[pc++];
syscall(next_op);)";

constexpr std::string_view kVfsOp = R"(int vfs_op(struct inode *dir, struct inode *inode)
{
	/* ... the file-system work itself ... */
	fsnotify(to_tell, mask, inode, FSNOTIFY_EVENT_INODE, name, 0);
	return 0;
})";

constexpr std::string_view kSysInotifyInit = R"(long sys_inotify_init(void)
{
	group = fsnotify_obtain_group(group_num, mask, &inotify_fsnotify_ops);
	fd_install(fd, group);
	return fd;
})";

constexpr std::string_view kSysClose = R"(long sys_close(unsigned int fd)
{
	group = current->files[fd];
	current->files[fd] = NULL;
	fsnotify_put_group(group);   /* inotify_release() */
	return 0;
})";

constexpr std::string_view kInotifyRead = R"(ssize_t inotify_read(struct fsnotify_group *group)
{
	mutex_lock(&group->notification_mutex);
	holder = group->notification_list.next;
	if (holder == &group->notification_list) {
		mutex_unlock(&group->notification_mutex);
		return -EAGAIN;
	}
	list_del(&holder->list);
	group->q_len--;
	mutex_unlock(&group->notification_mutex);
	kfree(holder);
	return sizeof(struct inotify_event);
})";

// Line numbers here are cited by fsnotify.cpp and by the seed's disassembly offsets.
constexpr std::string_view kFsnotify = R"(void fsnotify(struct inode *to_tell, __u32 mask, ...)
{
	struct fsnotify_group *group;
	struct fsnotify_event *event = NULL;
	__u32 test_mask = mask & ~FS_EVENT_ON_CHILD;
	int idx;

	if (!(test_mask & fsnotify_mask))
		return;

	idx = srcu_read_lock(&fsnotify_grp_srcu);
	group = list_entry(fsnotify_groups.next, struct fsnotify_group, group_list);
	for (;;) {
		prefetch(group->group_list.next);
		if (&group->group_list == &fsnotify_groups)
			break;
		if (test_mask & group->mask) {
			if (group->ops->should_send_event(group, to_tell, mask)) {
				if (!event)
					event = fsnotify_create_event(to_tell, mask);
				if (!event)
					break;	/* OOM: nobody will hear of this one */
				group->ops->handle_event(group, event);
			}
		}
		group = list_entry(group->group_list.next, struct fsnotify_group, group_list);
	}
	srcu_read_unlock(&fsnotify_grp_srcu, idx);
	if (event)
		fsnotify_put_event(event);
})";

constexpr std::string_view kCreateEvent = R"(struct fsnotify_event *fsnotify_create_event(struct inode *to_tell, __u32 mask)
{
	event = kmalloc(sizeof(*event), GFP_KERNEL);   /* may sleep, may fail */
	if (!event)
		return NULL;
	event->mask = mask;
	event->to_tell = to_tell;
	return event;
})";

constexpr std::string_view kShouldSend = R"(bool inotify_should_send_event(struct fsnotify_group *group, struct inode *inode, __u32 mask)
{
	/* stands for fsnotify_find_mark_entry(group, inode): one watch per group */
	watched = group->watch_inode;
	return watched == inode;
})";

constexpr std::string_view kHandleEvent = R"(int inotify_handle_event(struct fsnotify_group *group, struct fsnotify_event *event)
{
	holder = kmalloc(sizeof(*holder), GFP_KERNEL);   /* may sleep */
	if (!holder)
		return -ENOMEM;
	holder->mask = event->mask;
	holder->inode = event->to_tell;
	mutex_lock(&group->notification_mutex);
	list_add_tail(&holder->list, &group->notification_list);
	group->q_len++;
	mutex_unlock(&group->notification_mutex);
	return 0;
})";

constexpr std::string_view kSrcuReadLock = R"(int srcu_read_lock(struct srcu_struct *sp)
{
	preempt_disable();
	idx = sp->completed & 0x1;
	per_cpu_ptr(sp->per_cpu_ref, smp_processor_id())->c[idx]++;
	preempt_enable();
	return idx;
})";

constexpr std::string_view kSrcuReadUnlock = R"(void srcu_read_unlock(struct srcu_struct *sp, int idx)
{
	preempt_disable();
	per_cpu_ptr(sp->per_cpu_ref, smp_processor_id())->c[idx]--;
	preempt_enable();
})";

constexpr std::string_view kSynchronizeSrcu = R"(void synchronize_srcu(struct srcu_struct *sp)
{
	int idx;

	idx = sp->completed;                       /* step 1: snapshot */
	mutex_lock(&sp->mutex);                    /* step 2 */
	if ((sp->completed - idx) >= 2) {          /* step 3: two flips done for us */
		mutex_unlock(&sp->mutex);
		return;
	}
	synchronize_sched();                       /* step 4 */
	idx = sp->completed & 0x1;                 /* step 5 */
	sp->completed++;                           /* step 6: the flip */
	synchronize_sched();                       /* step 7 */
	while (srcu_readers_active_idx(sp, idx))   /* step 8: scan c[*][idx] */
		schedule_timeout_interruptible(1);
	synchronize_sched();                       /* step 9 */
	mutex_unlock(&sp->mutex);                  /* step 10 */
})";

constexpr std::string_view kSynchronizeSched = R"(void synchronize_sched(void)
{
	/* sleep until every CPU has passed a quiescent state */
	wait_rcu_gp(call_rcu_sched);
	return;
})";

constexpr std::string_view kObtainGroup = R"(struct fsnotify_group *fsnotify_obtain_group(unsigned int group_num, __u32 mask, const struct fsnotify_ops *ops)
{
	group = kmalloc(sizeof(struct fsnotify_group), GFP_KERNEL);
	if (!group)
		return ERR_PTR(-ENOMEM);
	atomic_set(&group->refcnt, 1);
	group->on_group_list = 0;
	group->group_num = group_num;
	group->mask = mask;
	INIT_LIST_HEAD(&group->notification_list);
	mutex_init(&group->notification_mutex);
	group->q_len = 0;
	group->ops = ops;
	group->watch_inode = watch;
	mutex_lock(&fsnotify_grp_mutex);
	list_for_each_entry(tgroup, &fsnotify_groups, group_list)
		if (tgroup->group_num == group_num && tgroup->mask == mask && tgroup->ops == ops)
			if (atomic_inc_not_zero(&tgroup->refcnt)) {
				mutex_unlock(&fsnotify_grp_mutex);
				fsnotify_put_group(group);
				return tgroup;
			}
	list_add_rcu(&group->group_list, &fsnotify_groups);
	group->on_group_list = 1;
	mutex_unlock(&fsnotify_grp_mutex);
	if (mask)
		fsnotify_recalc_global_mask();
	return group;
})";

constexpr std::string_view kPutGroup = R"(void fsnotify_put_group(struct fsnotify_group *group)
{
	if (!atomic_dec_and_mutex_lock(&group->refcnt, &fsnotify_grp_mutex))
		return;
	if (group->on_group_list) {               /* __fsnotify_evict_group() */
		list_del_rcu(&group->group_list);
		group->on_group_list = 0;
	}
	mutex_unlock(&fsnotify_grp_mutex);
	synchronize_srcu(&fsnotify_grp_srcu);
	fsnotify_recalc_global_mask();
	fsnotify_destroy_group(group);
})";

constexpr std::string_view kRecalcMask = R"(void fsnotify_recalc_global_mask(void)
{
	__u32 mask = 0;
	int idx;

	idx = srcu_read_lock(&fsnotify_grp_srcu);
	group = list_entry(fsnotify_groups.next, struct fsnotify_group, group_list);
	for (;;) {
		next = group->group_list.next;
		if (&group->group_list == &fsnotify_groups)
			break;
		mask |= group->mask;
		group = list_entry(next, struct fsnotify_group, group_list);
	}
	srcu_read_unlock(&fsnotify_grp_srcu, idx);
	fsnotify_mask = mask;
})";

constexpr std::string_view kDestroyGroup = R"(void fsnotify_destroy_group(struct fsnotify_group *group)
{
	/* fsnotify_flush_notify(): nobody can add events any more */
	while ((holder = group->notification_list.next) != &group->notification_list) {
		list_del(&holder->list);
		kfree(holder);
	}
	kfree(group);
})";

constexpr std::string_view kListAddRcu = R"(static inline void list_add_rcu(struct list_head *new, struct list_head *head)
{
	struct list_head *next = head->next;
	new->next = next;
	new->prev = head;
	rcu_assign_pointer(head->next, new);   /* publish */
	next->prev = new;
})";

constexpr std::string_view kListAddTail = R"(static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	struct list_head *prev = head->prev;
	new->next = head;
	new->prev = prev;
	prev->next = new;
	head->prev = new;
})";

constexpr std::string_view kListDelRcu = R"(static inline void list_del_rcu(struct list_head *entry)
{
	struct list_head *next = entry->next, *prev = entry->prev;
	prev->next = next;
	next->prev = prev;
	entry->prev = LIST_POISON2;   /* ->next stays: a reader on entry walks on */
})";

constexpr std::string_view kListDel = R"(static inline void list_del(struct list_head *entry)
{
	struct list_head *next = entry->next, *prev = entry->prev;
	prev->next = next;
	next->prev = prev;
	entry->next = LIST_POISON1;
	entry->prev = LIST_POISON2;
})";

constexpr std::string_view kMutexLock = R"(void mutex_lock(struct mutex *lock)
{
	while (cmpxchg(&lock->owner, NULL, current) != NULL)
		schedule();   /* sleep until the owner unlocks */
})";

constexpr std::string_view kMutexUnlock = R"(void mutex_unlock(struct mutex *lock)
{
	lock->owner = NULL;
	wake_up_waiters(lock);
})";

constexpr std::string_view kKmalloc = R"(void *kmalloc(size_t size, gfp_t flags)
{
	object = cache->freelist;               /* SLUB: pop the LIFO freelist */
	if (!object)
		return NULL;
	cache->freelist = get_freepointer(cache, object);
	if (flags & __GFP_ZERO)
		memset(object, 0, size);
	return object;
})";

constexpr std::string_view kKfree = R"(void kfree(const void *object)
{
	set_freepointer(cache, object, cache->freelist);   /* SLUB: the link goes into the object */
	cache->freelist = object;
})";

// fsnotify is the seed's (0xffffffff8111bf00, size 0x150); srcu_read_{lock,unlock} too.
const std::array<FunctionInfo, static_cast<size_t>(FunctionId::Count)> kFunctions = {{
    {FunctionId::UserMode, "user", functionAddress(FunctionId::UserMode), 0x100, kUserMode},
    {FunctionId::vfs_unlink, "vfs_unlink", functionAddress(FunctionId::vfs_unlink), 0x120, kVfsOp},
    {FunctionId::vfs_create, "vfs_create", functionAddress(FunctionId::vfs_create), 0xe0, kVfsOp},
    {FunctionId::vfs_open, "do_filp_open", functionAddress(FunctionId::vfs_open), 0x6a0, kVfsOp},
    {FunctionId::vfs_write, "vfs_write", functionAddress(FunctionId::vfs_write), 0x140, kVfsOp},
    {FunctionId::vfs_read, "vfs_read", functionAddress(FunctionId::vfs_read), 0x150, kVfsOp},
    {FunctionId::sys_inotify_init, "sys_inotify_init", functionAddress(FunctionId::sys_inotify_init), 0x110, kSysInotifyInit},
    {FunctionId::sys_close, "sys_close", functionAddress(FunctionId::sys_close), 0xb0, kSysClose},
    {FunctionId::inotify_read, "inotify_read", functionAddress(FunctionId::inotify_read), 0x1f0, kInotifyRead},
    {FunctionId::fsnotify, "fsnotify", functionAddress(FunctionId::fsnotify), 0x150, kFsnotify},
    {FunctionId::fsnotify_create_event, "fsnotify_create_event", functionAddress(FunctionId::fsnotify_create_event), 0x130, kCreateEvent},
    {FunctionId::inotify_should_send_event, "inotify_should_send_event", functionAddress(FunctionId::inotify_should_send_event), 0x60, kShouldSend},
    {FunctionId::inotify_handle_event, "inotify_handle_event", functionAddress(FunctionId::inotify_handle_event), 0x140, kHandleEvent},
    {FunctionId::srcu_read_lock, "srcu_read_lock", functionAddress(FunctionId::srcu_read_lock), 0x50, kSrcuReadLock},
    {FunctionId::srcu_read_unlock, "srcu_read_unlock", functionAddress(FunctionId::srcu_read_unlock), 0x50, kSrcuReadUnlock},
    {FunctionId::synchronize_srcu, "synchronize_srcu", functionAddress(FunctionId::synchronize_srcu), 0x110, kSynchronizeSrcu},
    {FunctionId::synchronize_sched, "synchronize_sched", functionAddress(FunctionId::synchronize_sched), 0x60, kSynchronizeSched},
    {FunctionId::fsnotify_obtain_group, "fsnotify_obtain_group", functionAddress(FunctionId::fsnotify_obtain_group), 0x1a0, kObtainGroup},
    {FunctionId::fsnotify_put_group, "fsnotify_put_group", functionAddress(FunctionId::fsnotify_put_group), 0x90, kPutGroup},
    {FunctionId::fsnotify_recalc_global_mask, "fsnotify_recalc_global_mask", functionAddress(FunctionId::fsnotify_recalc_global_mask), 0x70, kRecalcMask},
    {FunctionId::fsnotify_destroy_group, "fsnotify_destroy_group", functionAddress(FunctionId::fsnotify_destroy_group), 0x90, kDestroyGroup},
    {FunctionId::list_add_rcu, "list_add_rcu", functionAddress(FunctionId::list_add_rcu), 0x30, kListAddRcu},
    {FunctionId::list_add_tail, "list_add_tail", functionAddress(FunctionId::list_add_tail), 0x30, kListAddTail},
    {FunctionId::list_del_rcu, "list_del_rcu", functionAddress(FunctionId::list_del_rcu), 0x30, kListDelRcu},
    {FunctionId::list_del, "list_del", functionAddress(FunctionId::list_del), 0x30, kListDel},
    {FunctionId::mutex_lock, "mutex_lock", functionAddress(FunctionId::mutex_lock), 0x40, kMutexLock},
    {FunctionId::mutex_unlock, "mutex_unlock", functionAddress(FunctionId::mutex_unlock), 0x30, kMutexUnlock},
    {FunctionId::kmalloc, "__kmalloc", functionAddress(FunctionId::kmalloc), 0x120, kKmalloc},
    {FunctionId::kfree, "kfree", functionAddress(FunctionId::kfree), 0xc0, kKfree},
}};

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

} // namespace

const FunctionInfo& functionInfo(FunctionId id)
{
    return kFunctions[static_cast<size_t>(id)];
}

namespace {
// Entry address -> function, for the indirect calls through an ops table (two a group on
// every fsnotify walk): an open-addressed table filled at compile time, so a lookup is a
// probe or two instead of a scan of every function.
constexpr size_t kAddressSlots = 64;
constexpr uint8_t kNoFunction = 0xff;
constexpr size_t addressSlot(uint64_t address)
{
    return (address ^ (address >> 6) ^ (address >> 12)) % kAddressSlots;
}
constexpr std::array<uint8_t, kAddressSlots> kFunctionByAddress = [] {
    static_assert(kFunctionAddresses.size() < kAddressSlots);
    std::array<uint8_t, kAddressSlots> table{};
    table.fill(kNoFunction);
    for (size_t id = 0; id < kFunctionAddresses.size(); ++id) {
        size_t slot = addressSlot(kFunctionAddresses[id]);
        while (table[slot] != kNoFunction)
            slot = (slot + 1) % kAddressSlots;
        table[slot] = static_cast<uint8_t>(id);
    }
    return table;
}();
} // namespace

std::optional<FunctionId> functionAt(uint64_t address)
{
    // Ends at a free slot: the table is never full.
    for (size_t slot = addressSlot(address); kFunctionByAddress[slot] != kNoFunction; slot = (slot + 1) % kAddressSlots) {
        const uint8_t id = kFunctionByAddress[slot];
        if (kFunctionAddresses[id] == address)
            return static_cast<FunctionId>(id);
    }
    return std::nullopt;
}

const std::vector<std::string_view>& listingLines(FunctionId id)
{
    static const auto kAll = [] {
        std::array<std::vector<std::string_view>, kFunctions.size()> all;
        for (size_t i = 0; i < kFunctions.size(); ++i)
            all[i] = splitLines(kFunctions[i].listing);
        return all;
    }();
    return kAll[static_cast<size_t>(id)];
}

} // namespace racescope
